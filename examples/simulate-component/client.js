// The component's own minicall client: its own config, retry budget and toast memory. In a real
// mini-program its host is the global `my`; a test hands it a fake with `client.configure({ my })`.
const { createClient } = require('minicall');

module.exports = createClient();
