using System.Globalization;
using System.Net.Http.Headers;
using Firebreak.Server.Configuration;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Evidence;

namespace Firebreak.Cli.Client;

/// <summary>Evidence: texts, links and files kept immutably with their SHA-256, listed and downloaded byte for byte.</summary>
public sealed partial class FirebreakClient
{
    /// <summary>POST /api/v1/incidents/{incident}/evidence: keep a text or a link as evidence.</summary>
    public Task<ApiResponse<EvidenceDto>> AttachEvidenceAsync(string incident, EvidenceRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandAsync($"{Incident(incident)}/evidence", request, ApiJson.Default.EvidenceRequest, ApiJson.Default.EvidenceDto, options, cancellationToken);

    /// <summary>
    /// POST /api/v1/incidents/{incident}/evidence/file: keep a file, byte for byte, under
    /// <paramref name="name"/> (default: the file's name).
    /// </summary>
    public async Task<ApiResponse<EvidenceDto>> AttachEvidenceFileAsync(
        string incident, FileInfo file, string? name = null, bool verification = false, string? checkKind = null, long? ifVersion = null, CancellationToken cancellationToken = default)
    {
        if (!file.Exists)
        {
            throw new CliException($"There is no file {file.FullName}.");
        }

        var content = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        return await AttachEvidenceContentAsync(incident, name ?? file.Name, content, verification, checkKind, ifVersion, cancellationToken);
    }

    /// <summary>POST /api/v1/incidents/{incident}/evidence/file: keep these bytes as a file named <paramref name="name"/>.</summary>
    /// <remarks>The file route takes no override reason: only the expected version can be given.</remarks>
    public Task<ApiResponse<EvidenceDto>> AttachEvidenceContentAsync(
        string incident, string name, byte[] content, bool verification = false, string? checkKind = null, long? ifVersion = null, CancellationToken cancellationToken = default, string contentType = "application/octet-stream")
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var path = $"{Incident(incident)}/evidence/file?name={Uri.EscapeDataString(name)}{(verification ? "&verification=true" : string.Empty)}{(checkKind is null ? string.Empty : $"&checkKind={Uri.EscapeDataString(checkKind)}")}";
        return SendAsync(HttpMethod.Post, path, body, ApiJson.Default.EvidenceDto, ifVersion, cancellationToken);
    }

    /// <summary>GET /api/v1/incidents/{incident}/evidence.</summary>
    public async Task<ApiResponse<IReadOnlyList<EvidenceDto>>> ListEvidenceAsync(string incident, CancellationToken cancellationToken = default)
    {
        var (items, json) = await GetAsync($"{Incident(incident)}/evidence", ApiJson.Default.ListEvidenceDto, cancellationToken);
        return new ApiResponse<IReadOnlyList<EvidenceDto>>(items, json);
    }

    /// <summary>
    /// GET /api/v1/incidents/{incident}/evidence, asked before capturing something to attach: it fails when
    /// the incident is not there (or not visible), and gives the server's limit on an evidence file in bytes
    /// (its X-Evidence-Max-Bytes header; the default limit from a server that does not send it).
    /// </summary>
    public async Task<long> EvidenceLimitAsync(string incident, CancellationToken cancellationToken = default)
    {
        var (_, headers) = await ExchangeAsync(HttpMethod.Get, $"{Incident(incident)}/evidence", content: null, ifVersion: null, cancellationToken);
        return headers.TryGetValues(EvidenceEndpoints.MaxBytesHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? limit
            : FirebreakConfig.DefaultMaxEvidenceBytes;
    }

    /// <summary>GET …/evidence/{evidence}/content: the content of the incident's evidence number <paramref name="evidence"/> (1, 2, 3 … within the incident), byte for byte as attached.</summary>
    public Task<byte[]> DownloadEvidenceAsync(string incident, long evidence, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"{Incident(incident)}/evidence/{Number(evidence)}/content", content: null, ifVersion: null, cancellationToken);

    /// <summary>Downloads the content into a file, written only once all of it arrived; returns its size in bytes.</summary>
    public async Task<long> DownloadEvidenceToFileAsync(string incident, long evidence, string path, CancellationToken cancellationToken = default)
    {
        var content = await DownloadEvidenceAsync(incident, evidence, cancellationToken);
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        return content.LongLength;
    }
}
