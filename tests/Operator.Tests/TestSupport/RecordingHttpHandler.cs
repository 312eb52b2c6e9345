using System.Net;
using System.Text;

namespace AcrOperator.Tests.TestSupport;

/// <summary>An HTTP handler that records each request and answers from a script (default: 200 with the request body).</summary>
public sealed class RecordingHttpHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, (HttpStatusCode Status, string Body)> _respond;

    public RecordingHttpHandler(Func<RecordedRequest, (HttpStatusCode Status, string Body)>? respond = null)
    {
        _respond = respond ?? (r => (HttpStatusCode.OK, r.Body.Length > 0 ? r.Body : "{}"));
    }

    public List<RecordedRequest> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method.Method,
            request.RequestUri!.PathAndQuery,
            request.Content?.Headers.ContentType?.MediaType,
            request.Headers.Accept.ToString(),
            body);
        Requests.Add(recorded);
        var (status, responseBody) = _respond(recorded);
        return new HttpResponseMessage(status) { Content = new StringContent(responseBody, Encoding.UTF8, "application/json") };
    }
}
