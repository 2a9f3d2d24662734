using System.Globalization;
using System.Runtime.InteropServices;

namespace Firebreak.Server.Hosting;

/// <summary>
/// The data folder holds the SQLite database (with its -wal and -shm files, evidence included) and
/// the keys that sign the sign-in cookie and the forms' antiforgery tokens: all of it for the
/// service's account alone. A new data folder is made 0700 and everything the process creates
/// afterwards is 0600 (files) or 0700 (folders). A data folder that already exists keeps its mode;
/// when other accounts can get in, <see cref="Warning"/> says so and names the fix.
/// </summary>
public sealed class DataFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode Others =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private DataFolder(string path, string? warning)
    {
        Path = path;
        Warning = warning;
    }

    public string Path { get; }

    /// <summary>Set when the folder existed with a mode that lets group or others in: what is wrong and the command that fixes it.</summary>
    public string? Warning { get; }

    /// <summary>
    /// From here on this process creates files 0600 and folders 0700 (umask 077), whoever creates
    /// them: SQLite, the data-protection key store, the runtime. Call before anything is written.
    /// </summary>
    public static void RestrictNewFiles()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            _ = SetUmask((uint)Others);
        }
    }

    /// <summary>Creates the folder 0700, or checks the mode of the one that is there; a folder that cannot be made stops the start, saying why.</summary>
    public static DataFolder Prepare(string path)
    {
        try
        {
            return Check(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"The data folder {path} cannot be created or read: {e.Message} Choose another with --data, or fix its permissions.", e);
        }
    }

    private static DataFolder Check(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return new DataFolder(path, null);
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnly);
            return new DataFolder(path, null);
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & Others) == 0)
        {
            return new DataFolder(path, null);
        }

        var octal = Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');
        var readable = (mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0 ? "readable by" : "open to";
        var quoted = path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '\\') ? $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'" : path;
        return new DataFolder(path, string.Create(CultureInfo.InvariantCulture, $"{path} is {readable} other accounts (mode {octal}); run: chmod 700 {quoted}"));
    }

    // A blittable signature: DllImport needs no generated marshalling (LibraryImport would need unsafe code).
    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint SetUmask(uint mask);
}
