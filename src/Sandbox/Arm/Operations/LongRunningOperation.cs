using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Arm.Operations;

/// <summary>
/// An asynchronous create, update or delete: in progress until <see cref="Due"/>, then it runs its completion
/// and reports Succeeded. Both polling styles read the same record.
/// </summary>
internal sealed class LongRunningOperation(string id, string resourceId, string method, DateTimeOffset start, DateTimeOffset due, Action complete)
{
    public string Id { get; } = id;

    public string ResourceId { get; } = resourceId;

    public string Method { get; } = method;

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset Due { get; } = due;

    /// <summary>InProgress, Succeeded, Failed or Canceled (ARM's terminal values are the last three).</summary>
    public string Status { get; private set; } = "InProgress";

    public DateTimeOffset? End { get; private set; }

    /// <summary>How to read the final resource for Location polling of a PUT/PATCH (null for DELETE).</summary>
    public Func<JsonObject?>? FinalResource { get; init; }

    public bool IsDone => End is not null;

    public void CompleteIfDue(DateTimeOffset now)
    {
        if (IsDone || now < Due)
        {
            return;
        }

        complete();
        Status = "Succeeded";
        End = Due;
    }

    public JsonObject ToStatusBody()
    {
        var body = new JsonObject
        {
            ["id"] = ResourceId + "/operationStatuses/" + Id,
            ["name"] = Id,
            ["status"] = Status,
            ["startTime"] = Start.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (End is { } end)
        {
            body["endTime"] = end.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        return body;
    }
}
