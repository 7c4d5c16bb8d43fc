/// @file
/// PARLEY_EXPORT marks the declarations that make up libparley's public
/// ABI. The library is compiled with -fvisibility=hidden: everything not
/// marked stays inside the shared object.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
/// Gives a public class or function default (exported) visibility.
#define PARLEY_EXPORT __attribute__((visibility("default")))
#else
#define PARLEY_EXPORT
#endif
