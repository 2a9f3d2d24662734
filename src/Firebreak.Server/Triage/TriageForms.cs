using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Web;
using Firebreak.Storage.Incidents;

namespace Firebreak.Server.Triage;

/// <summary>The declare page's live triage: the suggestion for the answers given so far.</summary>
public static class TriageForms
{
    public static void MapTriageForms(this RouteGroupBuilder ui) => ui.MapGet("/triage", Triage);

    private static Task<IResult> Triage(HttpContext http, IncidentService service, Changes.ChangeService changes, CancellationToken ct)
    {
        var request = TriageMapping.FromFields(name => http.Request.Query[name].ToString());
        request.Services = TriageMapping.ServicesFrom(http.Request.Query["services"].ToString());
        return TriageEndpoints.SuggestAsync(request, string.Empty, service, changes, ct);
    }
}
