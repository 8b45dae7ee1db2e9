// Every test process: no instance-metadata lookups (only the local simulator and moto on 127.0.0.1 are
// ever contacted), and no SDK notice about Node 20's end of support in the test output.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
