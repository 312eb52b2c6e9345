using System.Buffers.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AcrOperator.Azure;

/// <summary>
/// <c>POST /oauth2/exchange</c> with <c>grant_type=access_token</c> (peers-pullsecrets.md §6.1), on a pipeline with
/// the ARM retries and metrics but no bearer policy: the Entra token travels in the form, to the data-plane host only.
/// </summary>
public sealed class AcrTokenExchange : IAcrTokenExchange
{
    private const string Operation = "acr.oauth2Exchange";
    private readonly HttpPipeline _pipeline;
    private readonly AzureOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal AcrTokenExchange(HttpPipeline pipeline, AzureOptions options, TimeProvider time, ILogger logger)
    {
        _pipeline = pipeline;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task<AcrRefreshToken> ExchangeAsync(string loginServer, AzureIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(loginServer);
        ArgumentNullException.ThrowIfNull(identity);
        var entra = await identity.Credential.GetTokenAsync(new TokenRequestContext([_options.ContainerRegistryScope]), cancellationToken);
        var form = string.Join('&',
            "grant_type=access_token",
            "service=" + Uri.EscapeDataString(loginServer),
            "access_token=" + Uri.EscapeDataString(entra.Token));

        // Not disposed here: that would dispose the response read below, which the using disposes.
        var message = _pipeline.CreateMessage();
        message.SetProperty(ArmRequestPolicy.OperationProperty, Operation);
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri(_options.DataPlaneEndpoint(loginServer), "oauth2/exchange"));
        message.Request.Headers.SetValue("Accept", "application/json");
        message.Request.Headers.SetValue("Content-Type", "application/x-www-form-urlencoded");
        message.Request.Content = RequestContent.Create(BinaryData.FromString(form));
        using var response = await ArmClient.SendThroughAsync(_pipeline, message, Operation, _logger, cancellationToken);
        if (response.IsError)
        {
            var error = ArmErrorClassifier.FromResponse(response, _time);
            _logger.Failed(Operation, error.Kind, error.Status, error.Code, error.RequestId);
            throw new ArmRequestException(error);
        }

        return Read(response.Content) ?? throw new ArmRequestException(new ArmError(ArmErrorKind.Transient, "InvalidExchangeResponse", $"{loginServer}/oauth2/exchange answered without a readable refresh_token JWT.", response.Status));
    }

    private static AcrRefreshToken? Read(BinaryData content)
    {
        try
        {
            using var document = JsonDocument.Parse(content.ToMemory());
            var token = ArmRegistryJson.Text(document.RootElement, "refresh_token");
            return token is not null && Lifetime(token) is var (issued, expires) ? new AcrRefreshToken(token, issued, expires) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>iat</c> and <c>exp</c> claims of a JWT, read without checking its signature (only the registry can).</summary>
    private static (DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)? Lifetime(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3 || !Base64Url.IsValid(parts[1]))
        {
            return null;
        }

        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var root = claims.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires))
        {
            return null;
        }

        var issued = root.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var at) ? at : expires;
        return (DateTimeOffset.FromUnixTimeSeconds(issued), DateTimeOffset.FromUnixTimeSeconds(expires));
    }
}
