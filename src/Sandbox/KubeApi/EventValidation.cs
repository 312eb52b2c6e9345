using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.KubeApi;

/// <summary>The parts of kubernetes' pkg/apis/core/validation/events.go an event recorder runs into.</summary>
internal static class EventValidation
{
    public static List<FieldError> ValidateCore(JsonObject ev)
    {
        var errors = new List<FieldError>();
        var ns = Meta.String(Meta.Of(ev), "namespace") ?? string.Empty;
        var involvedNs = ev["involvedObject"]?["namespace"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(involvedNs) && involvedNs != ns)
        {
            errors.Add(new FieldError("FieldValueInvalid", "involvedObject.namespace", $"Invalid value: \"{involvedNs}\": does not match event.namespace", involvedNs));
        }

        return errors;
    }

    public static List<FieldError> ValidateEventsV1(JsonObject ev, JsonObject? old)
    {
        var errors = new List<FieldError>();
        if (ev["eventTime"] is null)
        {
            errors.Add(new FieldError("FieldValueRequired", "eventTime", "Required value"));
        }

        var type = Meta.String(ev, "type");
        if (type is not ("Normal" or "Warning"))
        {
            errors.Add(new FieldError("FieldValueInvalid", "type", $"Invalid value: \"{type}\": has invalid value: {type}", type));
        }

        foreach (var (field, max) in new[] { ("reportingController", 316), ("reportingInstance", 128), ("action", 128), ("reason", 128) })
        {
            var value = Meta.String(ev, field);
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(new FieldError("FieldValueRequired", field, "Required value"));
            }
            else if (value.Length > max)
            {
                errors.Add(new FieldError("FieldValueInvalid", field, $"Invalid value: \"{value}\": can have at most {max} characters", value));
            }
        }

        if (Meta.String(ev, "note") is { Length: > 1024 })
        {
            errors.Add(new FieldError("FieldValueInvalid", "note", "Invalid value: \"\": can have at most 1024 characters"));
        }

        foreach (var field in new[] { "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedSource" })
        {
            if (ev[field] is JsonObject { Count: > 0 } or JsonValue)
            {
                errors.Add(new FieldError("FieldValueInvalid", field, "Invalid value: needs to be unset"));
            }
        }

        if (ev["deprecatedCount"]?.GetValue<long>() is > 0)
        {
            errors.Add(new FieldError("FieldValueInvalid", "deprecatedCount", "Invalid value: needs to be unset"));
        }

        if (ev["series"] is JsonObject series && series["count"]?.GetValue<long>() < 2)
        {
            errors.Add(new FieldError("FieldValueInvalid", "series.count", "Invalid value: should be at least 2"));
        }

        if (old is not null)
        {
            foreach (var field in new[] { "regarding", "reason", "note", "eventTime", "action", "reportingController", "reportingInstance" })
            {
                if (!JsonNode.DeepEquals(old[field], ev[field]))
                {
                    errors.Add(new FieldError("FieldValueInvalid", field, "Invalid value: field is immutable"));
                }
            }
        }

        return errors;
    }
}
