import { defineRequirements, RFC9420 } from "../define.ts"

/**
 * Rules of the suite's validators for what a target hands over: KeyPackages (§10.1), LeafNodes
 * (§7.2, §7.3) and ratchet trees at join (§12.4.3.1). The protocol code reports these IDs as strings.
 */
export const validationRequirements = defineRequirements(RFC9420, {
  "mls.key-package.version-matches": {
    level: "MUST", section: "10.1",
    text: "Verify that the ciphersuite and protocol version of the KeyPackage match those in the GroupContext.",
    reading: "Also checked against the enclosing MLSMessage's version (§10: \"MUST verify that the version field "
      + "of the KeyPackage has the same value as the version field of the MLSMessage\").",
  },
  "mls.key-package.cipher-suite-matches": {
    level: "MUST", section: "10.1",
    text: "Verify that the ciphersuite and protocol version of the KeyPackage match those in the GroupContext.",
  },
  "mls.key-package.signature-valid": {
    level: "MUST", section: "10.1",
    text: "Verify that the signature on the KeyPackage is valid using the public key in leaf_node.credential.",
    reading: "The key is leaf_node.signature_key, which the credential authenticates (§5.3, §10).",
  },
  "mls.key-package.init-key-distinct": {
    level: "MUST", section: "10.1",
    text: "Verify that the value of leaf_node.encryption_key is different from the value of the init_key field.",
  },
  "mls.key-package.capabilities-cover-extensions": {
    level: "MUST", section: "10",
    text: "Extensions included in the extensions or leaf_node.extensions fields MUST be included in the "
      + "leaf_node.capabilities field.",
    reading: "Default extension types (1–5) are implied, since §7.2 forbids listing them.",
  },
  "mls.leaf-node.signature-valid": {
    level: "MUST", section: "7.3", text: "Verify that the signature on the LeafNode is valid using signature_key.",
  },
  "mls.leaf-node.source-matches": {
    level: "MUST", section: "7.3",
    text: "If the LeafNode appears in a KeyPackage, verify that leaf_node_source is set to key_package. If the "
      + "LeafNode appears in an Update proposal, verify that leaf_node_source is set to update [...]. If the LeafNode "
      + "appears in the leaf_node value of the UpdatePath in a Commit, verify that leaf_node_source is set to commit.",
  },
  "mls.leaf-node.lifetime-valid": {
    level: "SHOULD", section: "7.3",
    text: "If instead the LeafNode appears in a message being received by the client [...] it is RECOMMENDED that "
      + "the client verifies that the current time is within the range of the lifetime field.",
  },
  "mls.leaf-node.capabilities-cover-extensions": {
    level: "MUST", section: "7.2",
    text: "The types of any non-default extensions that appear in the extensions field of a LeafNode MUST be "
      + "included in the extensions field of the capabilities field.",
  },
  "mls.leaf-node.capabilities-cover-credential": {
    level: "MUST", section: "7.2",
    text: "The credential type used in the LeafNode MUST be included in the credentials field of the capabilities "
      + "field.",
  },
  "mls.leaf-node.capabilities-omit-defaults": {
    level: "MUST", section: "7.2",
    text: "The following proposal and extension types are considered \"default\" and MUST NOT be listed.",
  },
  "mls.leaf-node.required-capabilities": {
    level: "MUST", section: "7.3",
    text: "If the GroupContext has a required_capabilities extension, then the required extensions, proposals, and "
      + "credential types MUST be listed in the LeafNode's capabilities field.",
  },
  "mls.leaf-node.credential-supported": {
    level: "MUST", section: "7.3",
    text: "Verify that the credential type is supported by all members of the group, as specified by the "
      + "capabilities field of each member's LeafNode, and that the capabilities field of this LeafNode indicates "
      + "support for all the credential types currently in use by other members.",
  },
  "mls.leaf-node.update-key-changed": {
    level: "MUST", section: "7.3",
    text: "If the LeafNode appears in an Update proposal, verify [...] that encryption_key represents a different "
      + "public key than the encryption_key in the leaf node being replaced by the Update proposal.",
  },
  "mls.leaf-node.signature-key-unique": {
    level: "MUST", section: "7.3",
    text: "Verify that the following fields are unique among the members of the group: signature_key",
  },
  "mls.leaf-node.encryption-key-unique": {
    level: "MUST", section: "7.3",
    text: "Verify that the following fields are unique among the members of the group: encryption_key",
  },
  "mls.ratchet-tree.well-formed": {
    level: "MUST", section: "12.4.3.3",
    text: "The receiver MUST check that the last node in ratchet_tree is non-blank, and then extend the tree to the "
      + "right until it has a length of the form 2^(d+1)-1.",
    reading: "An empty list, and a leaf or parent node at a position of the other kind, are rejected as well.",
  },
  "mls.ratchet-tree.tree-hash-matches": {
    level: "MUST", section: "12.4.3.1",
    text: "Verify that the tree hash of the ratchet tree matches the tree_hash field in GroupInfo.",
  },
  "mls.ratchet-tree.parent-hashes-valid": {
    level: "MUST", section: "7.9.2",
    text: "When joining a group, the new member MUST authenticate that each non-blank parent node P is parent-hash "
      + "valid.",
    reading: "Checked top-down: exactly one descendant of each non-blank parent node is parent-hash valid with "
      + "respect to it.",
  },
  "mls.ratchet-tree.unmerged-leaf-valid": {
    level: "MUST", section: "12.4.3.1",
    text: "Verify that the entry represents a non-blank leaf node that is a descendant of the parent node.",
  },
  "mls.ratchet-tree.unmerged-leaf-consistent": {
    level: "MUST", section: "12.4.3.1",
    text: "Verify that every non-blank intermediate node between the leaf node and the parent node also has an "
      + "entry for the leaf node in its unmerged_leaves.",
  },
  "mls.ratchet-tree.unmerged-leaves-sorted": {
    level: "MUST", section: "7.1",
    text: "The entries in the unmerged_leaves vector MUST be sorted in increasing order.",
  },
  "mls.ratchet-tree.encryption-keys-unique": {
    level: "MUST", section: "12.4.3.1",
    text: "Verify that the encryption key in the parent node does not appear in any other node of the tree.",
  },
})
