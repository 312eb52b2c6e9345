using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Providers;

namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>
/// One row of the resource-type table. The declarative part (name rule, api-versions, property rules,
/// read-only and create-only paths, defaults, actions) drives the generic PUT/PATCH/GET/DELETE/list
/// handling; the virtual hooks carry the rules the spec does not encode (uniqueness, SKU gating, secrets).
/// </summary>
internal class ArmResourceType
{
    /// <summary><c>Microsoft.Resources/resourceGroups</c>: the container every other resource lives in.</summary>
    public static ArmResourceType ResourceGroups { get; } = new ResourceGroupType();

    public required string Namespace { get; init; }

    /// <summary>The type segments from the top-level type down, e.g. <c>["registries", "replications"]</c>.</summary>
    public required IReadOnlyList<string> Segments { get; init; }

    public ArmResourceType? Parent { get; init; }

    public required IReadOnlyList<string> ApiVersions { get; init; }

    public ArmNameRule NameRule { get; init; } = ArmNameRule.Any;

    /// <summary>TrackedResource: <c>location</c> is required and immutable, <c>tags</c> allowed.</summary>
    public bool IsTracked { get; init; }

    public bool IsResourceGroup { get; init; }

    /// <summary>Prefix of operation ids in polling URLs, as ACR writes them (<c>registries-&lt;guid&gt;</c>).</summary>
    public string OperationPrefix { get; init; } = "operation";

    /// <summary>Paths dropped from request bodies (id, name, type and systemData are always dropped).</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>Paths that cannot change once created (<c>location</c> is implied for tracked resources).</summary>
    public IReadOnlyList<string> CreateOnlyPaths { get; init; } = [];

    public IReadOnlyList<ArmPropertyRule> Properties { get; init; } = [];

    /// <summary>Server-side defaults, merged under the request body on create.</summary>
    public JsonObject? Defaults { get; init; }

    public IReadOnlyDictionary<string, ArmAction> Actions { get; init; } = new Dictionary<string, ArmAction>();

    /// <summary>Which of PUT, PATCH, GET, DELETE and list the type supports.</summary>
    public IReadOnlySet<string> Methods { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "PUT", "PATCH", "GET", "DELETE", "LIST" };

    /// <summary>Status of a synchronous create: ACR answers 200, ARM's resource groups 201.</summary>
    public System.Net.HttpStatusCode SynchronousCreateStatus { get; init; } = System.Net.HttpStatusCode.OK;

    /// <summary>False where the spec declares no long-running operation (tasks, runs): writes always answer synchronously.</summary>
    public bool IsLongRunning { get; init; } = true;

    public string FullType => $"{Namespace}/{string.Join('/', Segments)}";

    /// <summary>Checks that need the store or the resulting resource; throw <see cref="Http.ArmException"/>.</summary>
    public virtual void ValidateWrite(ArmWriteContext write)
    {
    }

    /// <summary>Fills server-assigned fields into <see cref="ArmWriteContext.Resource"/> (login server, creation date...).</summary>
    public virtual void CompleteBody(ArmWriteContext write)
    {
    }

    /// <summary>Side effects once the resource is stored (secrets, resources the service creates itself).</summary>
    public virtual void AfterWrite(ArmWriteContext write, StoredResource stored)
    {
    }

    public virtual void ValidateDelete(ArmRequestContext request, StoredResource resource)
    {
    }

    /// <summary>Filters and orders a list before paging (runs honour <c>$filter</c> and <c>$top</c>); by id otherwise.</summary>
    public virtual IEnumerable<StoredResource> Query(ArmRequestContext request, IEnumerable<StoredResource> items) =>
        items.OrderBy(r => r.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>The body GET and list return; override to hide secrets.</summary>
    public virtual JsonObject Present(StoredResource resource) => (JsonObject)resource.Body.DeepClone();

    public virtual void SetProvisioningState(JsonObject body, string state, DateTimeOffset now) =>
        JsonPaths.Set(body, "properties.provisioningState", state);
}
