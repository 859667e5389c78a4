/** Where onEnable keeps the registered hook (id and secret) in the flow's store. */
export const HOOK_KEY = 'hookbridge_hook';
