// parley::asio::stream and parley::boost_asio::stream: one implementation,
// included by parley/asio.h (standalone Asio) and parley/boost_asio.h
// (Boost.Asio) with these macros set, so both can be used in one program:
//   PARLEY_ASIO_NS      the Asio namespace (asio or boost::asio)
//   PARLEY_ASIO_SYSTEM  where error_code and error_category live
//                       (std or boost::system)
//   PARLEY_ASIO_OUT     the namespace declared inside parley (asio or boost_asio)
// No include guard on purpose; each including header has its own.
/// @file
/// The implementation of parley/asio.h and parley/boost_asio.h: include one
/// of those, not this.
#ifndef PARLEY_ASIO_OUT
#error "include parley/asio.h or parley/boost_asio.h"
#endif

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "parley/config.h"
#include "parley/connection.h"
#include "parley/error.h"
#include "parley/pump.h"

namespace parley::PARLEY_ASIO_OUT {

/// The error_code type the stream reports.
using error_code = PARLEY_ASIO_SYSTEM::error_code;

/// Codes of the parley error category beyond the ErrorKind ones.
enum class stream_errc {
  /// The transport ended without close_notify (RFC 8446 6.1: the data may
  /// have been truncated), like ssl::error::stream_truncated.
  stream_truncated = 100,
  /// read_some, write_some or shutdown before handshake().
  not_connected = 101,
  /// handshake(client) on a server stream or the reverse.
  wrong_role = 102,
};

/// The "parley" error category: a value is an ErrorKind plus one, or a
/// stream_errc. The full parley::Error of a failed connection stays in
/// stream::connection()->error().
class error_category_impl final : public PARLEY_ASIO_SYSTEM::error_category {
 public:
  /// "parley".
  const char* name() const noexcept override { return "parley"; }
  /// The kind's name, e.g. "certificate error".
  std::string message(int value) const override {
    switch (static_cast<stream_errc>(value)) {
      case stream_errc::stream_truncated:
        return "stream truncated (the peer closed without close_notify)";
      case stream_errc::not_connected:
        return "no handshake yet";
      case stream_errc::wrong_role:
        return "handshake type does not match the stream's configuration";
    }
    return std::string(error_kind_name(static_cast<ErrorKind>(value - 1))) + " error";
  }
};

/// The one instance of the parley error category.
inline const PARLEY_ASIO_SYSTEM::error_category& error_category() {
  static const error_category_impl category;
  return category;
}

/// The error_code for an ErrorKind, e.g. for comparing: `ec ==
/// make_error_code(ErrorKind::kCertificate)`.
inline error_code make_error_code(ErrorKind kind) {
  return error_code(static_cast<int>(kind) + 1, error_category());
}

/// The error_code for a stream_errc.
inline error_code make_error_code(stream_errc code) {
  return error_code(static_cast<int>(code), error_category());
}

/// The error_code for a parley::Error (its kind).
inline error_code make_error_code(const Error& error) {
  return make_error_code(error.kind);
}

/// Like ssl::stream_base: the handshake types.
class stream_base {
 public:
  /// Which side of the handshake this stream performs.
  enum handshake_type {
    client,  ///< a ClientConnection (constructed with a ClientConfig)
    server,  ///< a ServerConnection (constructed with a ServerConfig)
  };
};

/// A TLS stream over any Asio stream (a tcp::socket, a Beast tcp_stream, a
/// local socket...): a drop-in for ssl::stream in the common uses, with a
/// parley Connection inside. Models AsyncReadStream, AsyncWriteStream,
/// SyncReadStream and SyncWriteStream, so asio::read/write, Beast and
/// coroutines work on it; async operations take any completion token
/// (callbacks, use_awaitable, use_future, ...) and honour per-operation
/// cancellation through the next layer's operations.
///
/// It never blocks in async operations and moves bytes only when the
/// connection asks (wants_write(), wants_read()), so a connection that
/// waits on something outside (an asynchronous signer) just waits.
///
/// As for ssl::stream, at most one read and one write operation may be
/// outstanding, from one thread (or strand) at a time; handshake and
/// shutdown run alone. Reads never write: a reply the peer's records call
/// for (a TLS 1.3 KeyUpdate) goes out with the next write or shutdown.
template <typename NextLayer>
class stream : public stream_base {
  using next_type = std::remove_reference_t<NextLayer>;

 public:
  /// The wrapped stream's type.
  using next_layer_type = next_type;
  /// The executor of the next layer.
  using executor_type = typename next_type::executor_type;

  /// A client stream: the server name (SNI, and the name checked against
  /// the certificate) is set with set_server_name() before the handshake.
  template <typename Arg>
  stream(Arg&& arg, std::shared_ptr<const ClientConfig> config)
      : next_layer_(std::forward<Arg>(arg)), core_(std::make_unique<core>()) {
    core_->client_config = std::move(config);
  }

  /// A server stream.
  template <typename Arg>
  stream(Arg&& arg, std::shared_ptr<const ServerConfig> config)
      : next_layer_(std::forward<Arg>(arg)), core_(std::make_unique<core>()) {
    core_->server_config = std::move(config);
  }

  /// A stream over a connection made by the caller (e.g. a client with
  /// ConnectOptions); the handshake type must match its role.
  template <typename Arg>
  stream(Arg&& arg, std::unique_ptr<Connection> connection, handshake_type type)
      : next_layer_(std::forward<Arg>(arg)), core_(std::make_unique<core>()) {
    core_->connection = std::move(connection);
    core_->role = type;
  }

  /// Moves the stream; no operation may be outstanding on `other`.
  stream(stream&& other) = default;
  /// Moves the stream; no operation may be outstanding on either.
  stream& operator=(stream&& other) = default;

  /// The next layer's executor.
  executor_type get_executor() noexcept { return next_layer_.get_executor(); }
  /// The wrapped stream.
  next_layer_type& next_layer() { return next_layer_; }
  /// The wrapped stream.
  const next_layer_type& next_layer() const { return next_layer_; }
  /// The lowest layer (the socket), as ssl::stream::lowest_layer().
  decltype(auto) lowest_layer() { return next_layer_.lowest_layer(); }

  /// Client: the name sent as SNI and checked against the certificate (a DNS
  /// name or an IP address literal), like SSL_set_tlsext_host_name().
  void set_server_name(std::string name) { core_->server_name = std::move(name); }

  /// The connection, for info(), error() and the rest; null until the
  /// handshake starts (for a stream built from a config).
  Connection* connection() { return core_->connection.get(); }
  /// The connection; null until the handshake starts.
  const Connection* connection() const { return core_->connection.get(); }

  /// Runs the handshake; throws system_error on failure.
  void handshake(handshake_type type) {
    or_throw("handshake", [&](error_code& ec) { return handshake(type, ec); });
  }
  /// Runs the handshake; sets `ec` on failure.
  void handshake(handshake_type type, error_code& ec) {
    ec = core_->start(type);
    if (ec) return;
    handshake_goal goal;
    run_sync(goal, ec);
  }

  /// Reads some plaintext; throws system_error on failure (asio's eof
  /// after the peer's close_notify).
  template <typename MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers) {
    return or_throw("read_some", [&](error_code& ec) { return read_some(buffers, ec); });
  }
  /// Reads some plaintext; sets `ec` on failure (asio's eof after the peer's
  /// close_notify).
  template <typename MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers, error_code& ec) {
    read_goal goal{first_buffer<PARLEY_ASIO_NS::mutable_buffer>(buffers)};
    return run_sync(goal, ec);
  }

  /// Encrypts and sends some of `buffers`; throws system_error on failure.
  template <typename ConstBufferSequence>
  std::size_t write_some(const ConstBufferSequence& buffers) {
    return or_throw("write_some", [&](error_code& ec) { return write_some(buffers, ec); });
  }
  /// Encrypts and sends some of `buffers` (at most what max_unsent_tls
  /// allows); sets `ec` on failure. Returns once the records are sent.
  template <typename ConstBufferSequence>
  std::size_t write_some(const ConstBufferSequence& buffers, error_code& ec) {
    write_goal goal{first_buffer<PARLEY_ASIO_NS::const_buffer>(buffers)};
    return run_sync(goal, ec);
  }

  /// Sends close_notify; throws system_error on failure. It does not wait
  /// for the peer's: read until eof for that.
  void shutdown() {
    or_throw("shutdown", [&](error_code& ec) { return shutdown(ec); });
  }
  /// Sends close_notify; sets `ec` on failure.
  void shutdown(error_code& ec) {
    shutdown_goal goal;
    run_sync(goal, ec);
  }

  /// Runs the handshake; completes with void(error_code).
  template <typename CompletionToken>
  auto async_handshake(handshake_type type, CompletionToken&& token) {
    return PARLEY_ASIO_NS::async_compose<CompletionToken, void(error_code)>(
        operation<handshake_goal, false>{this, handshake_goal{}, type}, token, next_layer_);
  }

  /// Reads some plaintext; completes with void(error_code, std::size_t)
  /// (asio's eof after the peer's close_notify).
  template <typename MutableBufferSequence, typename CompletionToken>
  auto async_read_some(const MutableBufferSequence& buffers, CompletionToken&& token) {
    return PARLEY_ASIO_NS::async_compose<CompletionToken, void(error_code, std::size_t)>(
        operation<read_goal, true>{
            this, read_goal{first_buffer<PARLEY_ASIO_NS::mutable_buffer>(buffers)}, {}},
        token, next_layer_);
  }

  /// Encrypts and sends some of `buffers` (at most what max_unsent_tls
  /// allows); completes with void(error_code, std::size_t) once the records
  /// are sent.
  template <typename ConstBufferSequence, typename CompletionToken>
  auto async_write_some(const ConstBufferSequence& buffers, CompletionToken&& token) {
    return PARLEY_ASIO_NS::async_compose<CompletionToken, void(error_code, std::size_t)>(
        operation<write_goal, true>{
            this, write_goal{first_buffer<PARLEY_ASIO_NS::const_buffer>(buffers)}, {}},
        token, next_layer_);
  }

  /// Sends close_notify; completes with void(error_code).
  template <typename CompletionToken>
  auto async_shutdown(CompletionToken&& token) {
    return PARLEY_ASIO_NS::async_compose<CompletionToken, void(error_code)>(
        operation<shutdown_goal, false>{this, shutdown_goal{}, {}}, token, next_layer_);
  }

 private:
  // RFC 8446 5.2: one record with its header at most.
  static constexpr std::size_t kReceiveSize = 16384 + 256 + 5;

  // What an operation needs next.
  enum class want { done, write, read, key_operation };

  // A Signer's pending operation (docs/hooks.md): its completion, on any
  // thread, wakes a waiting synchronous call or posts the suspended async
  // operation back to its executor.
  struct key_wait {
    std::mutex mutex;
    std::condition_variable completed;
    bool woken = false;            // completed while nobody waited
    std::function<void()> resume;  // the suspended async operation
    void wake() {
      std::function<void()> waiting;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (resume) {
          waiting = std::exchange(resume, nullptr);
        } else {
          woken = true;
        }
        completed.notify_all();
      }
      if (waiting) waiting();
    }
  };

  // The state behind the stream, on the heap so operations keep a stable
  // pointer while the stream object is moved between operations.
  struct core {
    std::shared_ptr<const ClientConfig> client_config;
    std::shared_ptr<const ServerConfig> server_config;
    std::string server_name;
    std::unique_ptr<Connection> connection;
    handshake_type role = client;
    bool close_queued = false;
    // Received TLS bytes are offered through a Pump, which keeps what the
    // connection has not taken; its transport sends nothing (we do).
    Pump pump{Transport{.send = [](std::span<const uint8_t>) -> Result<size_t> { return 0; },
                        .receive = {}}};
    // Allocated on the first read; the send buffer is given back after each
    // write, so an idle stream holds little (DESIGN: bounded memory).
    std::vector<uint8_t> receive_buffer;
    std::vector<uint8_t> send_buffer;  // the records being sent
    std::shared_ptr<key_wait> keys;    // made by the first handshake step

    PARLEY_ASIO_NS::mutable_buffer receive_space() {
      receive_buffer.resize(kReceiveSize);
      return PARLEY_ASIO_NS::buffer(receive_buffer);
    }

    error_code start(handshake_type type) {
      if (!connection) {
        role = type;
        if (type == client && client_config) {
          auto made = ClientConnection::create(client_config, server_name);
          if (!made.ok()) return make_error_code(made.error());
          connection = std::make_unique<ClientConnection>(std::move(*made));
        } else if (type == server && server_config) {
          auto made = ServerConnection::create(server_config);
          if (!made.ok()) return make_error_code(made.error());
          connection = std::make_unique<ServerConnection>(std::move(*made));
        } else {
          return make_error_code(stream_errc::wrong_role);
        }
      }
      return type == role ? error_code() : make_error_code(stream_errc::wrong_role);
    }

    // The connection's error, or `fallback` while it has none.
    error_code failure_or(error_code fallback) const {
      if (connection && connection->failed()) return make_error_code(*connection->error());
      return fallback;
    }

    // Moves pending_tls() into send_buffer: the connection may queue more
    // while the bytes are in flight (a read answering a KeyUpdate).
    PARLEY_ASIO_NS::const_buffer take_pending() {
      const auto pending = connection->pending_tls();
      send_buffer.assign(pending.begin(), pending.end());
      connection->consume_tls(pending.size());
      return PARLEY_ASIO_NS::buffer(send_buffer);
    }

    error_code on_sent(error_code ec) {
      std::vector<uint8_t>().swap(send_buffer);  // nothing held between writes
      return ec ? failure_or(ec) : error_code();
    }

    error_code on_received(error_code ec, std::size_t n) {
      if (ec == PARLEY_ASIO_NS::error::eof) return make_error_code(stream_errc::stream_truncated);
      if (ec) return ec;
      // A failure stays in the connection: the goal decides whether its
      // alert goes out before the error is reported.
      (void)pump.offer(*connection, std::span<const uint8_t>(receive_buffer.data(), n));
      return error_code();
    }

    // Offers received bytes the connection left over (its plaintext buffer
    // was full); true if that produced plaintext or progress.
    bool offer_unconsumed() {
      const std::size_t before = pump.unconsumed();
      if (before == 0) return false;
      (void)pump.offer(*connection);
      return pump.unconsumed() < before || connection->failed();
    }
  };

  struct handshake_goal {
    std::size_t result = 0;
    want next(core& c, error_code& ec) {
      // The fatal alert, if any, goes out before the error is reported.
      if (c.connection->wants_write()) return want::write;
      if (c.connection->failed()) {
        ec = c.failure_or({});
        return want::done;
      }
      if (!c.connection->is_handshaking()) return want::done;
      if (!c.keys) {
        c.keys = std::make_shared<key_wait>();
        c.connection->set_private_key_wakeup([keys = c.keys] { keys->wake(); });
      }
      if (c.connection->wants_private_key_operation()) {
        (void)c.connection->poll_private_key_operation();
        if (c.connection->wants_private_key_operation()) return want::key_operation;
        return next(c, ec);
      }
      if (c.offer_unconsumed()) return next(c, ec);
      return want::read;
    }
  };

  struct read_goal {
    PARLEY_ASIO_NS::mutable_buffer out;
    std::size_t result = 0;
    want next(core& c, error_code& ec) {
      Connection& connection = *c.connection;
      if (out.size() == 0) return want::done;
      if (connection.readable() > 0) {
        result = connection.read(std::span<uint8_t>(static_cast<uint8_t*>(out.data()), out.size()));
        return want::done;
      }
      if (connection.peer_closed()) {
        ec = PARLEY_ASIO_NS::error::eof;
        return want::done;
      }
      if (connection.failed()) {
        ec = c.failure_or({});
        return want::done;
      }
      if (c.offer_unconsumed()) return next(c, ec);
      return want::read;
    }
  };

  struct write_goal {
    PARLEY_ASIO_NS::const_buffer in;
    std::size_t result = 0;
    bool taken = false;
    want next(core& c, error_code& ec) {
      if (!taken && in.size() > 0) {
        auto n = c.connection->write_some(
            std::span<const uint8_t>(static_cast<const uint8_t*>(in.data()), in.size()));
        if (!n.ok()) {
          ec = make_error_code(n.error());
          return want::done;
        }
        taken = *n > 0;
        result = *n;
      }
      // Sent before completing, so the caller's next write finds room.
      return c.connection->wants_write() ? want::write : want::done;
    }
  };

  struct shutdown_goal {
    std::size_t result = 0;
    want next(core& c, error_code&) {
      if (!c.close_queued) {
        c.close_queued = true;
        c.connection->close();
      }
      return c.connection->wants_write() ? want::write : want::done;
    }
  };

  // Every operation but the handshake needs the connection the handshake
  // made.
  template <typename Goal>
  want first_step(Goal& goal, error_code& ec) {
    if (!core_->connection) {
      ec = make_error_code(stream_errc::not_connected);
      return want::done;
    }
    if (!std::is_same_v<Goal, handshake_goal> && !std::is_same_v<Goal, shutdown_goal> &&
        core_->connection->is_handshaking()) {
      ec = make_error_code(stream_errc::not_connected);
      return want::done;
    }
    return goal.next(*core_, ec);
  }

  template <typename Goal>
  std::size_t run_sync(Goal& goal, error_code& ec) {
    ec = {};
    for (want step = first_step(goal, ec); step != want::done; step = goal.next(*core_, ec)) {
      if (step == want::write) {
        error_code sent;
        PARLEY_ASIO_NS::write(next_layer_, core_->take_pending(), sent);
        ec = core_->on_sent(sent);
      } else if (step == want::key_operation) {
        key_wait& keys = *core_->keys;
        std::unique_lock<std::mutex> lock(keys.mutex);
        keys.completed.wait(lock, [&keys] { return keys.woken; });
        keys.woken = false;
      } else {
        error_code received;
        const std::size_t n = next_layer_.read_some(core_->receive_space(), received);
        ec = core_->on_received(received, n);
      }
      if (ec) return 0;
    }
    return ec ? 0 : goal.result;
  }

  // One async operation: drives `Goal` with the next layer's async reads and
  // writes until it is done. Cancellation reaches those inner operations
  // through async_compose.
  template <typename Goal, bool kHasSize>
  struct operation {
    stream* self_stream;
    Goal goal;
    handshake_type type;
    enum class state { start, immediate, writing, reading, key_operation } at = state::start;
    error_code result_ec = {};

    template <typename Self>
    void operator()(Self& self, error_code ec = {}, std::size_t n = 0) {
      core& c = *self_stream->core_;
      want step = want::done;
      switch (at) {
        case state::start:
          if constexpr (std::is_same_v<Goal, handshake_goal>) ec = c.start(type);
          if (!ec) step = self_stream->first_step(goal, ec);
          if (step == want::done) {
            // Complete from the executor, never inside the initiating call.
            at = state::immediate;
            result_ec = ec;
            PARLEY_ASIO_NS::post(std::move(self));
            return;
          }
          break;
        case state::immediate:
          return finish(self, result_ec);
        case state::writing:
          ec = c.on_sent(ec);
          if (!ec) step = goal.next(c, ec);
          break;
        case state::reading:
          ec = c.on_received(ec, n);
          if (!ec) step = goal.next(c, ec);
          break;
        case state::key_operation:
          step = goal.next(c, ec);
          break;
      }
      if (ec || step == want::done) return finish(self, ec);
      if (step == want::key_operation) return suspend_for_key_operation(self, c);
      if (step == want::write) {
        at = state::writing;
        PARLEY_ASIO_NS::async_write(self_stream->next_layer_, c.take_pending(), std::move(self));
      } else {
        at = state::reading;
        self_stream->next_layer_.async_read_some(c.receive_space(), std::move(self));
      }
    }

    // Parks the operation until the Signer completes; the completion posts
    // it back to the operation's executor (never runs it on its own thread).
    template <typename Self>
    void suspend_for_key_operation(Self& self, core& c) {
      at = state::key_operation;
      auto executor =
          PARLEY_ASIO_NS::get_associated_executor(self, self_stream->next_layer_.get_executor());
      key_wait& keys = *c.keys;
      std::unique_lock<std::mutex> lock(keys.mutex);
      if (keys.woken) {  // it completed already
        keys.woken = false;
        lock.unlock();
        PARLEY_ASIO_NS::post(std::move(self));
        return;
      }
      auto parked = std::make_shared<Self>(std::move(self));
      keys.resume = [executor, parked] {
        PARLEY_ASIO_NS::post(executor, [parked]() mutable { (*parked)(); });
      };
    }

    template <typename Self>
    void finish(Self& self, error_code ec) {
      if constexpr (kHasSize) {
        self.complete(ec, ec ? 0 : goal.result);
      } else {
        self.complete(ec);
      }
    }
  };

  // Like ssl::stream: a read or write uses the first non-empty buffer.
  template <typename Buffer, typename Sequence>
  static Buffer first_buffer(const Sequence& buffers) {
    auto end = PARLEY_ASIO_NS::buffer_sequence_end(buffers);
    for (auto it = PARLEY_ASIO_NS::buffer_sequence_begin(buffers); it != end; ++it) {
      Buffer buffer(*it);
      if (buffer.size() > 0) return buffer;
    }
    return Buffer();
  }

  // The throwing overloads: `call(ec)`, then a system_error if ec is set.
  template <typename Call>
  static auto or_throw(const char* what, Call&& call) {
    error_code ec;
    if constexpr (std::is_void_v<decltype(call(ec))>) {
      call(ec);
      if (ec) throw PARLEY_ASIO_SYSTEM::system_error(ec, what);
    } else {
      auto result = call(ec);
      if (ec) throw PARLEY_ASIO_SYSTEM::system_error(ec, what);
      return result;
    }
  }

  NextLayer next_layer_;
  std::unique_ptr<core> core_;
};

}  // namespace parley::PARLEY_ASIO_OUT
