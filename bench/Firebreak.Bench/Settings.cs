using System.Globalization;
using System.Security.Cryptography;

namespace Firebreak.Bench;

/// <summary>What to run and how long; every figure is bounded by these.</summary>
internal sealed record Settings
{
    public required string Cli { get; init; }
    public string? PostgresAdmin { get; init; }
    public required string Output { get; init; }
    public required string Work { get; init; }
    /// <summary>Appends to a scratch incident right after the server started, before any cell: the runtime tiers up its hot code in the first seconds.</summary>
    public TimeSpan ServerWarmup { get; init; } = TimeSpan.FromSeconds(6);
    public TimeSpan CellWarmup { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan CellDuration { get; init; } = TimeSpan.FromSeconds(6);
    public int[] Concurrencies { get; init; } = [1, 16];
    public int SpreadIncidents { get; init; } = 1_000;

    /// <summary>Timeline items of the incident that is read: the events of its declaration, then notes up to this many.</summary>
    public int TimelineItems { get; init; } = 10_000;
    /// <summary>Reads before the timed ones: at least this many, and for at least <see cref="ReadWarmupTime"/> (at most 200).</summary>
    public int ReadWarmups { get; init; } = 10;
    public TimeSpan ReadWarmupTime { get; init; } = TimeSpan.FromSeconds(2);
    public int Reads { get; init; } = 20;
    public int Starts { get; init; } = 5;
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Null for every section; "notify" for the notifications section alone (section 7), "status" for the status page's (section 8).</summary>
    public string? Only { get; init; }

    /// <summary>The bootstrap admin token every server of this run is started with.</summary>
    public string Token { get; } = "fb_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private int _directories;

    /// <summary>A new, empty folder under the work folder.</summary>
    public string NewDirectory(string name)
    {
        var path = Path.Combine(Work, $"{Interlocked.Increment(ref _directories).ToString("D2", CultureInfo.InvariantCulture)}-{name}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'. {Usage}");
            }

            values[args[i][2..]] = args[++i];
        }

        string? Get(string name) => values.Remove(name, out var v) ? v : null;
        double Seconds(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var cli = Get("cli") ?? throw new ArgumentException($"--cli is required. {Usage}");
        var settings = new Settings
        {
            Cli = Path.GetFullPath(cli),
            PostgresAdmin = Get("postgres"),
            Output = Path.GetFullPath(Get("out") ?? Path.Combine("docs", "benchmarks.md")),
            Work = Path.GetFullPath(Get("work") ?? Path.Combine(Path.GetTempPath(), $"firebreak-bench-{Environment.ProcessId}")),
            CellWarmup = TimeSpan.FromSeconds(Seconds("warmup", 1)),
            CellDuration = TimeSpan.FromSeconds(Seconds("seconds", 6)),
            Reads = Int("reads", 20),
            Starts = Int("starts", 5),
            Idle = TimeSpan.FromSeconds(Seconds("idle", 3)),
            Only = Get("only"),
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown option --{values.Keys.First()}. {Usage}");
        }

        if (settings.Only is not null and not "notify" and not "status" and not "report" and not "postmortem" and not "alerts")
        {
            throw new ArgumentException($"--only takes 'notify' (the notifications section alone), 'status' (the status page's), 'report' (the learning report's) or 'postmortem' (the postmortem of a long incident) or 'alerts' (alert intake beside Alertmanager, and the storm). {Usage}");
        }

        if (!File.Exists(settings.Cli))
        {
            throw new ArgumentException($"--cli {settings.Cli} does not exist; build src/Firebreak.Cli in Release first.");
        }

        if (settings.CellDuration <= TimeSpan.Zero || settings.CellDuration > TimeSpan.FromMinutes(5) || settings.Reads is < 1 or > 1000 || settings.Starts is < 1 or > 50)
        {
            throw new ArgumentException("--seconds must be in (0, 300], --reads in 1…1000, --starts in 1…50.");
        }

        return settings;
    }

    private const string Usage =
        "Usage: Firebreak.Bench --cli <path to firebreak> [--postgres <admin connection string>] [--out docs/benchmarks.md] [--work <temp dir>] " +
        "[--seconds 6] [--warmup 1] [--reads 20] [--starts 5] [--idle 3] [--only notify|status|report|postmortem|alerts]";
}
