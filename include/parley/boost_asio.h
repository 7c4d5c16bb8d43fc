/// @file
/// parley over Boost.Asio (`#include <boost/asio.hpp>`):
/// parley::boost_asio::stream, the same stream as parley/asio.h's, with
/// boost::system::error_code, so Boost.Beast runs over it (docs/asio.md).
/// Header-only; link parley::asio in CMake.
#pragma once

#include <boost/asio.hpp>
#include <boost/system/system_error.hpp>

#define PARLEY_ASIO_NS ::boost::asio
#define PARLEY_ASIO_SYSTEM ::boost::system
#define PARLEY_ASIO_OUT boost_asio
#include "parley/asio_stream.h"  // IWYU pragma: export
#undef PARLEY_ASIO_NS
#undef PARLEY_ASIO_SYSTEM
#undef PARLEY_ASIO_OUT
