namespace AcrOperator.Sandbox.KubeApi.Protobuf;

/// <summary>Reads the protobuf wire format field by field; malformed input throws <see cref="InvalidDataException"/>.</summary>
internal sealed class WireReader(ReadOnlyMemory<byte> data)
{
    private int position;

    public bool AtEnd => position >= data.Length;

    public (int Field, WireType Type) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        if (field is 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"invalid field number {field}");
        }

        return ((int)field, (WireType)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new InvalidDataException("truncated varint");
            }

            var b = data.Span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("varint longer than 10 bytes");
    }

    public ReadOnlyMemory<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(data.Length - position))
        {
            throw new InvalidDataException("length-delimited field runs past the end");
        }

        var slice = data.Slice(position, (int)length);
        position += (int)length;
        return slice;
    }

    public ulong ReadFixed64() => BitConverter.ToUInt64(Take(8));

    public uint ReadFixed32() => BitConverter.ToUInt32(Take(4));

    /// <summary>Skips a field this reader's caller does not know, as protobuf decoders ignore unknown fields.</summary>
    public void Skip(WireType type)
    {
        switch (type)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            default:
                throw new InvalidDataException($"unsupported wire type {type}");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (data.Length - position < count)
        {
            throw new InvalidDataException("truncated fixed-width field");
        }

        var span = data.Span.Slice(position, count);
        position += count;
        return span;
    }
}
