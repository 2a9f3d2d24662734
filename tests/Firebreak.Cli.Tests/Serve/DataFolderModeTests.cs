using System.Text;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Serve;

/// <summary>
/// What `firebreak serve` keeps on disk is for its own account only: the data folder 0700, the
/// database (evidence included), its -wal and -shm, and the keys folder and key files 0600/0700;
/// a data folder that other accounts can read gets a warning naming the fix.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderModeTests
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task FreshDataFolder_AndEverythingTheServerWritesInIt_AreTheServiceAccountsOnly()
    {
        using var parent = new TempDirectory();
        var data = Path.Combine(parent.Path, "data");
        await using var server = await ServerProcess.StartAsync(data);
        await server.WaitForOutputAsync("Sign in from the CLI");

        // An incident with a file kept as evidence, and a sign-in page (its antiforgery token uses the keys).
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        var key = (await cli.RunAsync("declare", "Disk full on db-2", "--sev", "SEV-2", "--json")).Succeeded().Json().GetProperty("key").GetString()!;
        var file = Path.Combine(parent.Path, "df.txt");
        await File.WriteAllTextAsync(file, "/dev/sda1 100% /var/lib/postgresql\n", Encoding.UTF8);
        (await cli.RunAsync("evidence", key, "--file", file)).Succeeded();
        using (var http = server.CreateClient())
        {
            (await http.GetAsync(new Uri("signin", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        Assert.Equal(OwnerOnlyFolder, Mode(data));
        Assert.Equal(OwnerOnlyFile, Mode(Path.Combine(data, "firebreak.db")));
        Assert.Equal(OwnerOnlyFile, Mode(Path.Combine(data, "firebreak.db-wal")));
        Assert.Equal(OwnerOnlyFolder, Mode(Path.Combine(data, "keys")));
        var keys = Directory.GetFiles(Path.Combine(data, "keys"));
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Equal(OwnerOnlyFile, Mode(k)));

        // Whatever else is there (the -shm file, later additions) lets no other account in either.
        var open = Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories)
            .Where(p => (File.GetUnixFileMode(p) & ~OwnerOnlyFolder) != 0)
            .Select(p => $"{p} {Octal(File.GetUnixFileMode(p))}")
            .ToList();
        Assert.True(open.Count == 0, $"Open to other accounts:\n{string.Join('\n', open)}");
        Assert.DoesNotContain("warning:", server.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0755", "readable by")]
    [InlineData("0750", "readable by")]
    [InlineData("0711", "open to")]
    public async Task ExistingDataFolderOpenToOthers_GetsAWarningNamingTheFix(string mode, string how)
    {
        using var parent = new TempDirectory();
        var data = Path.Combine(parent.Path, "data");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32(mode, 8));

        await using var server = await ServerProcess.StartAsync(data);

        var errors = await server.WaitForErrorsAsync("warning:");
        Assert.Contains($"warning: {data} is {how} other accounts (mode {mode}); run: chmod 700 {data}", errors, StringComparison.Ordinal);
        await server.WaitForOutputAsync("Sign in from the CLI");

        // The folder is the operator's to change; what the server creates inside is still its own.
        Assert.Equal(mode, Octal(File.GetUnixFileMode(data)));
        Assert.Equal(OwnerOnlyFile, Mode(Path.Combine(data, "firebreak.db")));
    }

    private static UnixFileMode Mode(string path)
    {
        Assert.True(File.Exists(path) || Directory.Exists(path), $"{path} does not exist.");
        return File.GetUnixFileMode(path);
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    [Fact]
    public async Task DataFolderThatCannotBeCreated_StopsTheStart_WithAnErrorNamingIt()
    {
        var file = Path.Combine(Firebreak.Testing.TestDatabases.TempDirectory(), "not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        using var cli = new CliRunner();

        var refused = (await cli.RunAsync("serve", "--data", Path.Combine(file, "data"), "--urls", "http://127.0.0.1:0")).Failed();

        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith($"error: The data folder {Path.Combine(file, "data")} cannot be created", refused.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.StdErr, StringComparison.Ordinal);
    }
}
