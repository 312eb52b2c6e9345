using System.Net;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers;

/// <summary><c>Microsoft.Resources/resourceGroups</c>: ARM's own container type; deleting one deletes its contents.</summary>
internal sealed class ResourceGroupType : ArmResourceType
{
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public ResourceGroupType()
    {
        Namespace = "Microsoft.Resources";
        Segments = ["resourceGroups"];
        ApiVersions = ["2019-10-01", "2020-06-01", "2021-04-01", "2022-09-01", "2023-07-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-01-01", "2025-03-01", "2025-04-01"];
        // ARM: 1-90 characters, alphanumerics, underscores, parentheses, hyphens and periods, not ending in a period.
        NameRule = new ArmNameRule(1, 90, @"^[-\w\._\(\)]*[-\w_\(\)]$");
        IsTracked = true;
        IsResourceGroup = true;
        OperationPrefix = "resourcegroups";
        ReadOnlyPaths = ["properties.provisioningState", "managedBy"];
        Properties = [new ArmPropertyRule("tags", ArmPropertyKind.Object)];
        SynchronousCreateStatus = HttpStatusCode.Created;
        Methods = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "PUT", "PATCH", "GET", "DELETE", "LIST" };
    }

    public override void CompleteBody(ArmWriteContext write)
    {
        // A group carries no writable properties; only the provisioning state lives there.
        write.Resource["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" };
    }
}
