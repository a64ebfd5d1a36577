/** axios, for the Live Platform client and the caller-token metadata: the entry of the bundle dist/sdk/axios.js (scripts/bundle-sdks.mjs). */
export { default as axios } from 'axios';
