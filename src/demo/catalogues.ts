/**
 * The platforms' reference data the demo world's emulators serve: Smarty tariffs and Smotreshka
 * subscriptions, as an operator would have set them up for the shipped mappings (whose tariff
 * tables point at these ids). The emulators' standalone setups own them.
 */
export { STANDALONE_TARIFFS as SMARTY_TARIFFS } from '../emulators/smarty/standalone.js';
export { STANDALONE_SUBSCRIPTIONS as SMOTRESHKA_SUBSCRIPTIONS } from '../emulators/smotreshka/standalone.js';
