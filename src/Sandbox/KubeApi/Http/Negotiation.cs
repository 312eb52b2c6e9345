namespace AcrOperator.Sandbox.KubeApi.Http;

/// <summary>Accept negotiation for resource and discovery requests, as the apiserver's negotiation package does.</summary>
internal static class Negotiation
{
    public const string JsonContentType = "application/json";
    public const string TableContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";
    public const string PartialContentType = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
    public const string PartialListContentType = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

    /// <summary>
    /// Picks the first range in the client's order the server can produce; 406 when none. Protobuf only where
    /// <paramref name="protobuf"/> says the kind has a message; otherwise kubectl's typed clients get the JSON they also accept.
    /// </summary>
    public static ResponseShape ForResource(string? accept, bool protobuf = false)
    {
        foreach (var media in MediaType.ParseAccept(accept))
        {
            var asKind = media["as"];
            if (asKind is null && protobuf && media.Type == Protobuf.ProtobufCodec.ContentType)
            {
                return ResponseShape.Protobuf;
            }

            if (asKind is null)
            {
                if (media.IsJsonOrWildcard)
                {
                    return ResponseShape.Json;
                }

                continue;
            }

            if (media.Type != "application/json" || media["g"] != "meta.k8s.io")
            {
                continue;
            }

            var version = media["v"];
            if (asKind == "Table" && version is "v1" or "v1beta1")
            {
                return ResponseShape.Table;
            }

            if (asKind is "PartialObjectMetadata" or "PartialObjectMetadataList" && version is "v1" or "v1beta1")
            {
                return ResponseShape.PartialObjectMetadata;
            }
        }

        throw ApiException.NotAcceptable();
    }

    /// <summary>For /api and /apis: aggregated discovery v2 or v2beta1 when asked for, otherwise the legacy documents.</summary>
    public static string? AggregatedDiscoveryVersion(string? accept)
    {
        foreach (var media in MediaType.ParseAccept(accept))
        {
            if (media["as"] == "APIGroupDiscoveryList" && media["g"] == "apidiscovery.k8s.io" && media["v"] is "v2" or "v2beta1")
            {
                return media["v"];
            }

            if (media["as"] is null && media.IsJsonOrWildcard)
            {
                return null;
            }
        }

        throw ApiException.NotAcceptable();
    }
}
