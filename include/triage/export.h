// Symbol visibility for the triage library.
//
// Example:
//   class TRIAGE_EXPORT Classifier { ... };
#ifndef TRIAGE_EXPORT_H_
#define TRIAGE_EXPORT_H_

// Marks a declaration as part of the public ABI. The library is built with
// hidden visibility, so only declarations carrying this macro are exported
// from the shared library; for a static build it expands to an attribute that
// is harmless.
#if defined(_WIN32)
#define TRIAGE_EXPORT
#else
#define TRIAGE_EXPORT __attribute__((visibility("default")))
#endif

#endif  // TRIAGE_EXPORT_H_
