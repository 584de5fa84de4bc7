// Stands in for zod's "../locales/index.js" in the deployed bundle (wrangler.toml [alias]): zod
// re-exports its 40-odd message locales as a namespace, which no bundler can drop, and they were
// a third of the Worker's code. Zod configures English itself; nothing here selects another.
export { default as en } from "zod/v4/locales/en.js";
