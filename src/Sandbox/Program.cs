// The sandbox program: the emulators the operator is tested against, runnable on their own.
// Commands are added as the emulators land; an unknown command prints the usage.
await Console.Error.WriteLineAsync("usage: acr-sandbox <command> [options]");
return 2;
