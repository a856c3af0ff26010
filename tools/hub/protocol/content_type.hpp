// The Content-Type the Hub would send for a repo file, by extension.
#pragma once

#include <string>
#include <string_view>

namespace tf::hub::protocol {

std::string content_type_for(std::string_view path);

}  // namespace tf::hub::protocol
