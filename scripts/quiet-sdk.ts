// The AWS SDK warns on every start that future releases will need Node 22; Lambda runs 22 and the
// pinned SDK runs on 20 here, so the local tools silence that one notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
