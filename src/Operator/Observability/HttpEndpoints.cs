using System.Net;
using System.Net.Sockets;
using System.Text;
using AcrOperator.Runtime.Manager;
using Microsoft.Extensions.Options;
using Prometheus;

namespace AcrOperator.Observability;

/// <summary>
/// <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> over HTTP/1.1, one request per connection. Not ASP.NET Core:
/// Kestrel, routing and health checks cost about 18 MiB of peak resident memory (their assemblies, JIT-compiled code and type data)
/// for three GETs from the kubelet and Prometheus (issue 5, memory). Liveness asks only that the process answers;
/// readiness asks the manager; answers are those of ASP.NET's health check endpoints (200 or 503, "Healthy" or
/// "Unhealthy", not cached).
/// </summary>
public sealed partial class HttpEndpoints(
    IOptions<OperatorOptions> options,
    ManagerHealthCheck health,
    CollectorRegistry metrics,
    ILogger<HttpEndpoints> logger) : BackgroundService
{
    /// <summary>A request line and headers larger than this are refused; probes and scrapers send a few hundred bytes.</summary>
    private const int MaxRequestBytes = 8 * 1024;

    /// <summary>A client that has not sent its request and read the answer in this time is dropped, so none can hold a connection open.</summary>
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(10);

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private TcpListener? _listener;

    /// <summary>The port being served, once started (the configured one, or the one picked for port 0).</summary>
    public int Port => ((IPEndPoint?)_listener?.LocalEndpoint)?.Port ?? 0;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Bound here, not in ExecuteAsync, so a port in use fails the start of the host, as Kestrel did.
        var listener = Socket.OSSupportsIPv6
            ? new TcpListener(IPAddress.IPv6Any, options.Value.HttpPort) { Server = { DualMode = true } }
            : new TcpListener(IPAddress.Any, options.Value.HttpPort);
        listener.Start();
        _listener = listener;
        LogListening(logger, Port);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Stop();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = _listener!;
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || stoppingToken.IsCancellationRequested)
            {
                return;
            }

            _ = ServeAsync(client, stoppingToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(ConnectionTimeout);
        try
        {
            using (client)
            {
                await using var stream = new NetworkStream(client, ownsSocket: false);
                var request = await ReadRequestAsync(stream, timeout.Token).ConfigureAwait(false);
                var response = request is { } r ? await AnswerAsync(r.Method, r.Path, timeout.Token).ConfigureAwait(false) : Response.BadRequest;
                await WriteAsync(stream, response, headOnly: request?.Method == "HEAD", timeout.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or took too long; nothing to answer.
            LogConnectionDropped(logger, ex.Message);
        }
    }

    private async Task<Response> AnswerAsync(string method, string path, CancellationToken ct)
    {
        if (path is not ("/healthz" or "/readyz" or "/metrics"))
        {
            return Response.NotFound;
        }

        if (method is not ("GET" or "HEAD"))
        {
            return Response.MethodNotAllowed;
        }

        switch (path)
        {
            case "/healthz":
                return Response.Healthy;
            case "/readyz":
                return health.IsReady ? Response.Healthy : Response.Unhealthy;
            default:
                using (var body = new MemoryStream())
                {
                    await metrics.CollectAndExportAsTextAsync(body, ct).ConfigureAwait(false);
                    return new Response(200, "OK", PrometheusConstants.ExporterContentTypeValue.ToString(), body.ToArray());
                }
        }
    }

    /// <summary>The method and path of the request line, or null when no well-formed request head arrived.</summary>
    private static async Task<(string Method, string Path)?> ReadRequestAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        int end;
        while ((end = buffer.AsSpan(0, length).IndexOf(HeaderEnd)) < 0)
        {
            if (length == buffer.Length)
            {
                return null;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            length += read;
        }

        var head = buffer.AsSpan(0, end);
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = Encoding.ASCII.GetString(lineEnd < 0 ? head : head[..lineEnd]);
        var parts = line.Split(' ');
        if (parts is not [var method, var target, var version] || !version.StartsWith("HTTP/1.", StringComparison.Ordinal) || !target.StartsWith('/'))
        {
            return null;
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        return (method, query < 0 ? target : target[..query]);
    }

    private static async Task WriteAsync(NetworkStream stream, Response response, bool headOnly, CancellationToken ct)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(response.Reason).Append("\r\n")
            .Append("Content-Type: ").Append(response.ContentType).Append("\r\n")
            .Append("Content-Length: ").Append(response.Body.Length).Append("\r\n")
            .Append("Cache-Control: no-store, no-cache\r\n")
            .Append(response.Status == 405 ? "Allow: GET, HEAD\r\n" : "")
            .Append("Connection: close\r\n\r\n")
            .ToString();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct).ConfigureAwait(false);
        if (!headOnly)
        {
            await stream.WriteAsync(response.Body, ct).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving /healthz, /readyz and /metrics on port {Port}")]
    private static partial void LogListening(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HTTP connection dropped: {Reason}")]
    private static partial void LogConnectionDropped(ILogger logger, string reason);

    private sealed record Response(int Status, string Reason, string ContentType, byte[] Body)
    {
        public static readonly Response Healthy = Text(200, "OK", "Healthy");
        public static readonly Response Unhealthy = Text(503, "Service Unavailable", "Unhealthy");
        public static readonly Response BadRequest = Text(400, "Bad Request", "");
        public static readonly Response NotFound = Text(404, "Not Found", "");
        public static readonly Response MethodNotAllowed = Text(405, "Method Not Allowed", "");

        private static Response Text(int status, string reason, string body) => new(status, reason, "text/plain", Encoding.ASCII.GetBytes(body));
    }
}
