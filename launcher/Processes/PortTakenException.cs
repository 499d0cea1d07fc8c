namespace Publishing.Launcher.Processes;

/// <summary>A process could not listen on its port because another program took it; starting it on another port may work.</summary>
public sealed class PortTakenException(string message) : Exception(message);
