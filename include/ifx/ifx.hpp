#pragma once
/// @file
/// Everything of the ifx client API.
#include "ifx/column.hpp"
#include "ifx/connect_params.hpp"
#include "ifx/connection.hpp"
#include "ifx/cursor.hpp"
#include "ifx/error.hpp"
#include "ifx/inserter.hpp"
#include "ifx/param.hpp"
#include "ifx/result.hpp"
#include "ifx/row.hpp"
#include "ifx/smart_lob.hpp"
