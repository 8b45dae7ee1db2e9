// Google Cloud (Vertex AI): the Pulumi component and its defaults.
export * from './component/index';
