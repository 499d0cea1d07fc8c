using System.Runtime.InteropServices;
using Publishing.Launcher;

// ./run.sh: the broker, the four services and the gateway on this machine, until SIGINT or SIGTERM.
using var stop = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var options = LocalSystemOptions.FromEnvironment();
try
{
    await using var system = await LocalSystem.StartAsync(options, Console.Out, stop.Token);
    Console.WriteLine();
    Console.WriteLine($"Gateway ready at {system.GatewayUrl}");
    Console.WriteLine($"Newsroom API key: {system.IngestKey}");
    Console.WriteLine($"Data, logs and broker files: {options.DataFolder}");
    Console.WriteLine("Stop with Ctrl+C.");
    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    Console.WriteLine("Stopping...");
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.WriteLine("Stopped before the system was ready.");
}
catch (LaunchException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 1;
}
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
