namespace Firebreak.Cli.Client;

/// <summary>
/// A response body read into its DTO, with the JSON text it was read from: verbs print
/// <see cref="Json"/> for --json exactly as the server sent it, and use <see cref="Body"/> otherwise.
/// </summary>
public sealed record ApiResponse<T>(T Body, string Json);
