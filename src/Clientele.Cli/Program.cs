using Clientele.Cli;

return CliApp.Run(args);
