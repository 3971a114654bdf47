// Placeholder entry point until the `endpoint` command lands (tools/Endpoint.Cli).
return 0;
