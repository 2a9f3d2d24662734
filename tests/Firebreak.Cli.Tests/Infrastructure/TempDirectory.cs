using Firebreak.Testing;

namespace Firebreak.Cli.Tests.Infrastructure;

/// <summary>A fresh folder under the temp directory, removed on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = TestDatabases.TempDirectory();

    public override string ToString() => Path;

    public void Dispose() => Delete(Path);

    public static void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
