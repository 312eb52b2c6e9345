namespace AcrOperator.Sandbox.KubeApi.Protobuf;

/// <summary>The layout of one protobuf message type, enough to translate it to and from JSON.</summary>
internal sealed class ProtoMessage
{
    private readonly Dictionary<int, ProtoField> byNumber;

    public ProtoMessage(string name, params ProtoField[] fields)
    {
        Name = name;
        Fields = fields;
        byNumber = fields.ToDictionary(f => f.Number);
    }

    public string Name { get; }

    public IReadOnlyList<ProtoField> Fields { get; }

    public ProtoField? FieldOf(int number) => byNumber.GetValueOrDefault(number);
}
