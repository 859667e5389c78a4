export { humanize, outputFields, type OutputField } from './output-fields';
export { sampleEvent, subscribableTypes } from './sample-event';
