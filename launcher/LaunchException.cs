namespace Publishing.Launcher;

/// <summary>Something the operator must fix before the system can start; the message says what.</summary>
public sealed class LaunchException(string message) : Exception(message);
