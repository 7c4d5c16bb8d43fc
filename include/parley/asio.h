/// @file
/// parley over standalone Asio (`#include <asio.hpp>`): parley::asio::stream,
/// a TLS stream for Asio programs (docs/asio.md). parley/boost_asio.h is the
/// same for Boost.Asio. Header-only; link parley::asio in CMake.
///
///   parley::asio::stream<asio::ip::tcp::socket> tls(std::move(socket), server_config);
///   co_await tls.async_handshake(parley::asio::stream_base::server, asio::use_awaitable);
///   auto n = co_await tls.async_read_some(asio::buffer(data), asio::use_awaitable);
#pragma once

#include <asio.hpp>
#include <system_error>

#define PARLEY_ASIO_NS ::asio
#define PARLEY_ASIO_SYSTEM ::std
#define PARLEY_ASIO_OUT asio
#include "parley/asio_stream.h"  // IWYU pragma: export
#undef PARLEY_ASIO_NS
#undef PARLEY_ASIO_SYSTEM
#undef PARLEY_ASIO_OUT
