using Netpact.Cli;

return NetpactCommand.Run(args, Console.In, Console.Out, Console.Error);
