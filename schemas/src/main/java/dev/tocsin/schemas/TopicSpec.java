package dev.tocsin.schemas;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes its keys and values must be read and written with, so a topic cannot
 * be read with the wrong serde.
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
