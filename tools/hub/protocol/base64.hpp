// Standard base64 (RFC 4648, with padding), for binary content in admin API requests.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tf::hub::protocol {

// nullopt when `text` is not valid padded base64.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace tf::hub::protocol
