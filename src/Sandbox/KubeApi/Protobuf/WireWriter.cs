using System.Buffers;

namespace AcrOperator.Sandbox.KubeApi.Protobuf;

/// <summary>Writes the protobuf wire format; nested messages are written whole, length first.</summary>
internal sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new();

    public void WriteVarint(int field, ulong value)
    {
        WriteTag(field, WireType.Varint);
        WriteRawVarint(value);
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteRawVarint((ulong)value.Length);
        buffer.Write(value);
    }

    public void WriteString(int field, string value) => WriteBytes(field, System.Text.Encoding.UTF8.GetBytes(value));

    public void WriteRaw(ReadOnlySpan<byte> bytes) => buffer.Write(bytes);

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    private void WriteTag(int field, WireType type) => WriteRawVarint(((ulong)field << 3) | (ulong)type);

    private void WriteRawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        WriteByte((byte)value);
    }

    private void WriteByte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }
}
