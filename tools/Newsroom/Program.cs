using Publishing.Newsroom;

// newsroom publish <file|folder|-> ... | newsroom withdraw <externalId>...: see Usage.cs.
return await NewsroomCommand.RunAsync(args, Console.Out, Console.Error, Console.OpenStandardInput(), CancellationToken.None);
