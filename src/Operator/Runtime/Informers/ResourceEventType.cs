namespace AcrOperator.Runtime.Informers;

public enum ResourceEventType
{
    Added,
    Updated,
    Deleted,
}
