package io.flotilla.cli;

/** What a command works with: the API client for the chosen server, the output, and the environment. */
record Session(ApiClient api, Output output, CliEnvironment environment) {}
