// netstandard2.0 lacks the type C# records' init accessors need.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit { }
