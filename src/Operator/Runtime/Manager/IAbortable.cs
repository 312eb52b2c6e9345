namespace AcrOperator.Runtime.Manager;

/// <summary>
/// A runnable whose in-flight work can be cut short. Used when leadership is lost: another replica may
/// already lead, so finishing reconciles gracefully would mean two writers.
/// </summary>
public interface IAbortable
{
    void Abort();
}
