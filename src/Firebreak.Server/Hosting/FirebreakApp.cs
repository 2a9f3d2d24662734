using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.OpenApi;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Audit;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Notifications;
using Firebreak.Server.StatusPage;
using Firebreak.Server.Triage;
using Firebreak.Server.Operations;
using Firebreak.Storage;
using Firebreak.Storage.Access;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Scheduling;
using Firebreak.Storage.Streams;
using Firebreak.Server.Configuration;
using Firebreak.Server.Scheduling;
using Firebreak.Server.Web;

namespace Firebreak.Server.Hosting;

/// <summary>Builds the whole server; `firebreak serve` and the HTTP tests both start here.</summary>
public static class FirebreakApp
{
    /// <summary>Request bodies over this size are refused with 413.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Text evidence sent as JSON is limited by the body size; files have their own limit.</summary>
    public const int MaxTextEvidence = 900_000;

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.AddFirebreak();
        var app = builder.Build();
        app.MapFirebreak();
        return app;
    }

    public static void AddFirebreak(this WebApplicationBuilder builder)
    {
        var options = FirebreakOptions.From(builder.Configuration);
        DataFolder.RestrictNewFiles();
        builder.Services.AddSingleton(DataFolder.Prepare(options.DataDirectory));
        var listeners = new Listeners(options);
        builder.Services.AddSingleton(listeners);
        builder.Services.AddSingleton<DatabaseReadiness>();
        // With a status-only listener every address is bound in ConfigureKestrel, so that listener's connections can be told
        // apart; the host then gets ";", no address at all (an empty setting would fall back to the --urls it was started with).
        builder.WebHost.UseUrls(listeners.HasStatus ? ";" : options.Urls);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            k.AddServerHeader = false;
            if (listeners.HasStatus)
            {
                listeners.Bind(k);
            }
        });

        // Behind a TLS proxy on the same machine the request arrives as http; the proxy's
        // X-Forwarded-Proto says it was https (HSTS, Secure cookies). Only loopback proxies are believed.
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded => forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedFor);

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys")));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => Database.Create(options.Database, options.DataDirectory));
        var config = ConfigLoader.Load(builder.Configuration["config"] ?? builder.Configuration["Firebreak:config"]);
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(config.Severities);
        builder.Services.AddSingleton(sp => new StreamStore(
            sp.GetRequiredService<Database>(),
            sp.GetServices<IEventCodec>(),
            sp.GetServices<IProjection>()));
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddSingleton<SchedulerStore>();
        builder.Services.AddSingleton<SchedulerRunner>();
        builder.Services.AddSingleton<IUserStore, UserStore>();
        builder.Services.AddHostedService<StartupTasks>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SchedulerRunner>());
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Detail ??= Problems.DefaultDetail(context.HttpContext, context.ProblemDetails.Status));
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default);
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Firebreak API";
            document.Info.Description = "Incident response: declare, run and resolve incidents. Every /api/v1 route needs 'Authorization: Bearer <token>'. Errors are application/problem+json.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token from `firebreak login` or POST /api/v1/tokens.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
        builder.AddAccess();
        builder.AddAudit();
        builder.AddIncidents();
        builder.AddNotifications();
        builder.AddStatusPage();
        Postmortems.PostmortemModule.AddPostmortems(builder);
        Reports.ReportsModule.AddReports(builder);
        Alerts.AlertsModule.AddAlerts(builder);
        Probes.ProbesModule.AddProbes(builder);
        Changes.ChangesModule.AddChanges(builder);
        builder.AddWeb();
        builder.AddOperations();
    }

    public static void MapFirebreak(this WebApplication app)
    {
        app.UseForwardedHeaders();

        // The public status paths are answered here from memory, before the work no public read-only body
        // needs; the fast path sets the security headers itself, as the next middleware does for the rest.
        app.UseStatusPageFastPath();
        app.UseSecurityHeaders();
        app.UseCookiePolicy(new CookiePolicyOptions { Secure = CookieSecurePolicy.SameAsRequest });
        app.UseExceptionHandler();
        app.UseStatusListenerGate();
        app.UseDatabaseReadinessGate();
        app.UseWriteOrigin();
        app.UseStatusCodePages(WebModule.StatusPageAsync);
        app.UseAuthentication();
        app.Use(AccessModule.RequireApiCredentialsAsync);
        app.UseRouting();
        app.UseAuthorization();
        app.UseInputGuard();
        app.UseAntiforgery();
        app.MapOpenApi();
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        var api = app.MapGroup("/api/v1").RequireAuthorization(AccessModule.Api);
        api.MapAccess();
        api.MapAudit();
        api.MapIncidents();
        api.MapNotifications();
        StatusPage.StatusAdminEndpoints.MapStatusAdmin(api);
        Postmortems.PostmortemEndpoints.MapPostmortems(api);
        StatusPage.Subscribers.SubscriberEndpoints.MapSubscribers(api);
        Reports.ReportsModule.MapReports(api);
        Changes.ChangeEndpoints.MapChanges(api);
        api.MapTriage();
        api.MapOperations();
        Alerts.AlertEndpoints.MapAlerts(api);
        Alerts.AlertEndpoints.MapAlertRules(api);
        Probes.ProbesModule.MapProbes(api);
        Alerts.IntegrationEndpoints.MapIntegrations(api);
        Alerts.AlertIntakeEndpoints.MapAlertIntake(app);
        app.MapStatusPage();
        app.MapWeb();
    }
}
