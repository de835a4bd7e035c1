package dev.tocsin.incidents.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a global store equal to its compacted source topic: the latest value per key, a tombstone
 * deletes. Restoring the store copies the topic the same way, so a restart sees the same store.
 */
final class GlobalStoreUpdater<V> implements Processor<String, V, Void, Void> {
  private final String storeName;
  private KeyValueStore<String, V> store;

  GlobalStoreUpdater(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, V> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
