// The bundle both Node-RED packages load (scripts/bundle-adapters.mjs): @hookbridge/node-red's
// `hookbridge in`, and a generated package's node for its profile file.
export { builtInNode } from './built-in-node';
export { nodeFromProfileFile } from './profile-file-node';
