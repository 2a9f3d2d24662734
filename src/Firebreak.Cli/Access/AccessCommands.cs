using System.CommandLine;
using System.Globalization;
using System.Text;
using Firebreak.Cli.Client;
using Firebreak.Server.Access;

namespace Firebreak.Cli.Access;

/// <summary>login, whoami, token and user.</summary>
public static class AccessCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Login();
        yield return WhoAmI();
        yield return Token();
        yield return User();
    }

    private static Command Login()
    {
        var url = new Argument<string?>("url") { Description = "Server URL, e.g. http://127.0.0.1:5080", Arity = ArgumentArity.ZeroOrOne };
        var user = new Option<string?>("--user", "-u") { Description = "Username to sign in with (the password is asked for)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input" };
        var command = new Command("login", "Sign in and save the server URL and an API token in your config folder") { url, user, passwordStdin };
        command.SetHandler(async (parse, ct) =>
        {
            var server = parse.GetValue(url) ?? parse.GetValue(GlobalOptions.Server) ?? Environment.GetEnvironmentVariable("FIREBREAK_SERVER")
                         ?? throw new CliException("Give the server URL: firebreak login http://127.0.0.1:5080 --user NAME");
            var token = parse.GetValue(GlobalOptions.Token) ?? Environment.GetEnvironmentVariable("FIREBREAK_TOKEN");
            if (token is null)
            {
                var username = parse.GetValue(user) ?? Prompt("Username: ");
                var password = parse.GetValue(passwordStdin) ? (await Console.In.ReadLineAsync(ct) ?? string.Empty) : ReadSecret("Password: ");
                using var withPassword = FirebreakClient.WithPassword(server, username, password);
                var (created, _) = await withPassword.CreateTokenAsync(new CreateTokenRequest { Name = $"cli on {Environment.MachineName}" }, ct);
                token = created.Token;
            }

            using var client = new FirebreakClient(server, token);
            var (me, _) = await client.GetMeAsync(ct);
            new CliConfig(client.Server, token).Save();
            Console.WriteLine($"Signed in to {client.Server} as {me.Username} ({me.Role.ToString().ToLowerInvariant()}). Saved to {CliConfig.FilePath}.");
        });
        return command;
    }

    private static Command WhoAmI()
    {
        var command = new Command("whoami", "Show the account you are signed in as");
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (me, raw) = await client.GetMeAsync(ct);
            Output.Write(parse, raw, () => $"{me.Username} ({me.Role.ToString().ToLowerInvariant()}) on {client.Server}");
        });
        return command;
    }

    private static Command Token()
    {
        var name = new Argument<string>("name") { Description = "What the token is for" };
        var create = new Command("create", "Create an API token (the secret is printed once)") { name };
        create.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (token, raw) = await client.CreateTokenAsync(new CreateTokenRequest { Name = parse.GetValue(name) }, ct);
            Output.Write(parse, raw, () => $"Token {token.Id} '{token.Name}' created. Copy it now, it is not shown again:\n{token.Token}");
        });

        var list = new Command("list", "List your API tokens");
        list.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (tokens, raw) = await client.ListTokensAsync(ct);
            Output.Write(parse, raw, () => string.Join('\n', tokens.Select(t =>
                $"{t.Id,4}  {t.Prefix}…  {t.Name}  created {Output.Time(t.CreatedAt)}{(t.RevokedAt is { } r ? $"  revoked {Output.Time(r)}" : string.Empty)}")));
        });

        var id = new Argument<long>("id") { Description = "Token id from 'token list'" };
        var revoke = new Command("revoke", "Revoke one of your API tokens") { id };
        revoke.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            await client.RevokeTokenAsync(parse.GetValue(id), ct);
            Output.Write(parse, "{}", () => $"Token {parse.GetValue(id)} revoked.");
        });
        return new Command("token", "Manage your API tokens") { create, list, revoke };
    }

    private static Command User()
    {
        var list = new Command("list", "List accounts (admin)");
        list.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (users, raw) = await client.ListUsersAsync(ct);
            Output.Write(parse, raw, () => string.Join('\n', users.Select(u =>
                $"{u.Username,-20} {u.Role.ToString().ToLowerInvariant(),-10} {(u.Disabled ? "disabled" : "active")}  {u.DisplayName}")));
        });

        var username = new Argument<string>("username");
        var role = new Option<string?>("--role") { Description = "viewer, responder or admin" };
        var displayName = new Option<string?>("--name") { Description = "Display name" };
        var create = new Command("create", "Create an account (admin); a password is generated and printed once") { username, role, displayName };
        create.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var body = new CreateUserRequest { Username = parse.GetValue(username), Role = parse.GetValue(role), DisplayName = parse.GetValue(displayName) };
            var (created, raw) = await client.CreateUserAsync(body, ct);
            Output.Write(parse, raw, () => $"Created {created.User.Username} ({created.User.Role.ToString().ToLowerInvariant()}). Password, shown once: {created.Password}");
        });

        var disabled = new Option<bool?>("--disabled") { Description = "true to disable the account, false to enable it" };
        var set = new Command("set", "Change an account's role, name or disabled flag (admin)") { username, role, displayName, disabled };
        set.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var body = new UpdateUserRequest { Role = parse.GetValue(role), DisplayName = parse.GetValue(displayName), Disabled = parse.GetValue(disabled) };
            var (user, raw) = await client.UpdateUserAsync(parse.GetValue(username)!, body, ct);
            Output.Write(parse, raw, () => $"{user.Username}: {user.Role.ToString().ToLowerInvariant()}, {(user.Disabled ? "disabled" : "active")}");
        });
        var whose = new Argument<string?>("username") { Description = "The account to sign out (admin); yours when left out", Arity = ArgumentArity.ZeroOrOne };
        var signOut = new Command("signout", "End every web session of an account, e.g. after a lost laptop (API tokens stay; revoke them with 'token revoke')") { whose };
        signOut.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (ended, raw) = parse.GetValue(whose) is { } name ? await client.EndSessionsAsync(name, ct) : await client.EndMySessionsAsync(ct);
            Output.Write(parse, raw, () => $"{ended.Username} was signed out of {ended.Ended} web session{(ended.Ended == 1 ? string.Empty : "s")}.");
        });
        return new Command("user", "Manage accounts (admin)") { list, create, set, signOut };
    }

    private static string Prompt(string label)
    {
        Console.Write(label);
        return Console.ReadLine() ?? throw new CliException("No input.");
    }

    private static string ReadSecret(string label)
    {
        if (Console.IsInputRedirected)
        {
            throw new CliException("No terminal to ask for the password: use --password-stdin, or --token.");
        }

        Console.Write(label);
        var secret = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.WriteLine();
                return secret.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                {
                    secret.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
    }

    internal static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
