// Name constraints (RFC 5280 4.2.1.10): whether a certificate's names fall
// within the permitted subtrees and outside the excluded ones of a CA above
// it. Supported name forms: dNSName, iPAddress, rfc822Name, directoryName. A
// constraint of any other form fails closed when the certificate has a name
// of that form.
#pragma once

#include <string_view>

#include "common/bytes.h"
#include "parley/error.h"
#include "x509/certificate.h"

namespace parley::x509 {

// `name` lies in the subtree `constraint` (both of the same form).
bool dns_in_subtree(std::string_view name, std::string_view constraint);
bool ip_in_subtree(ByteView address, ByteView subnet);
bool email_in_subtree(std::string_view mailbox, std::string_view constraint);
bool directory_in_subtree(const Name& name, const Name& constraint);

// Checks every name of `cert` (subject, SANs, and subject common names that
// look like host names when there is no SAN) against `constraints`. On
// failure the error message names the offending name; the caller adds which
// certificates are involved.
Status check_name_constraints(const NameConstraints& constraints, const Certificate& cert);

}  // namespace parley::x509
