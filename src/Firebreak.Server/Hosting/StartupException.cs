namespace Firebreak.Server.Hosting;

/// <summary>The server cannot start as configured; the message says what is wrong and how to fix it.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
